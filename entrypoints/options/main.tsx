import { render } from 'preact';

render(<main>Settings</main>, document.getElementById('app')!);
