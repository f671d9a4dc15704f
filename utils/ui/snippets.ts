// Copyable examples that upload a file with a new token, for the person to hand on.
import { API_HOSTS, type Environment } from '@/utils/apivideo/types';

/** Uploads go to the same host as the API calls; the uploader's `apiHost` takes it without scheme. */
const UPLOAD_HOSTS: Readonly<Record<Environment, string>> = {
  production: new URL(API_HOSTS.production).host,
  sandbox: new URL(API_HOSTS.sandbox).host,
};

/** Single quotes keep the shell from expanding anything in the token; a quote inside is escaped. */
function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

export function curlSnippet(token: string, environment: Environment): string {
  const url = `https://${UPLOAD_HOSTS[environment]}/upload?token=${encodeURIComponent(token)}`;
  return `curl -X POST ${shellQuote(url)} -F 'file=@video.mp4'`;
}

function jsString(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/**
 * @api.video/video-uploader targets ws.api.video unless told otherwise: its `apiHost` option
 * (a host name, no scheme) sends sandbox tokens to sandbox.api.video.
 */
export function javascriptSnippet(token: string, environment: Environment): string {
  const options = ['file', `uploadToken: ${jsString(token)}`];
  if (environment === 'sandbox') options.push(`apiHost: '${UPLOAD_HOSTS.sandbox}'`);
  return [
    `import { VideoUploader } from '@api.video/video-uploader';`,
    ``,
    `// file: a File, e.g. from <input type="file">`,
    `const uploader = new VideoUploader({ ${options.join(', ')} });`,
    `const video = await uploader.upload();`,
  ].join('\n');
}
