import { render } from 'preact';

render(<main>Upload tokens</main>, document.getElementById('app')!);
