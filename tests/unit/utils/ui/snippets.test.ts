import { describe, expect, it } from 'vitest';
import type { Environment } from '@/utils/apivideo/types';
import { curlSnippet, javascriptSnippet } from '@/utils/ui/snippets';

const TOKEN = 'to1tcmSFHeYY5KzyhOqVKMKb';

describe('curlSnippet', () => {
  it.each<[Environment, string]>([
    ['production', `curl -X POST 'https://ws.api.video/upload?token=${TOKEN}' -F 'file=@video.mp4'`],
    ['sandbox', `curl -X POST 'https://sandbox.api.video/upload?token=${TOKEN}' -F 'file=@video.mp4'`],
  ])('%s', (environment, expected) => {
    expect(curlSnippet(TOKEN, environment)).toBe(expected);
  });

  it.each([
    // encodeURIComponent leaves quotes alone: the shell quoting closes, escapes and reopens.
    ["to'; rm -rf ~; '", `'https://ws.api.video/upload?token=to'\\''%3B%20rm%20-rf%20~%3B%20'\\'''`],
    ['a&b=c', `'https://ws.api.video/upload?token=a%26b%3Dc'`],
  ])('keeps a hostile token %j inert', (token, quotedUrl) => {
    expect(curlSnippet(token, 'production')).toBe(`curl -X POST ${quotedUrl} -F 'file=@video.mp4'`);
  });
});

describe('javascriptSnippet', () => {
  it('uses @api.video/video-uploader with the token', () => {
    expect(javascriptSnippet(TOKEN, 'production')).toBe(
      [
        "import { VideoUploader } from '@api.video/video-uploader';",
        '',
        '// file: a File, e.g. from <input type="file">',
        `const uploader = new VideoUploader({ file, uploadToken: '${TOKEN}' });`,
        'const video = await uploader.upload();',
      ].join('\n'),
    );
  });

  it('points sandbox tokens at sandbox.api.video through apiHost', () => {
    expect(javascriptSnippet(TOKEN, 'sandbox')).toContain(
      `new VideoUploader({ file, uploadToken: '${TOKEN}', apiHost: 'sandbox.api.video' })`,
    );
  });

  it.each([
    ["it's", "'it\\'s'"],
    ['back\\slash', "'back\\\\slash'"],
  ])('escapes %j as a JavaScript string', (token, literal) => {
    expect(javascriptSnippet(token, 'production')).toContain(`uploadToken: ${literal}`);
  });
});
