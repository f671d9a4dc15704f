// The options page rendered against the real background (tests/helpers/background.ts), shared by
// the settings page's tests.
import { render, screen } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import { Announcer } from '@/components/Announcer';
import { App } from '@/entrypoints/options/App';
import type { BackgroundFixtures, TestBackgroundOptions } from '../../helpers/background';

/** Starts the background, renders the options page, and waits for its accounts section. */
export async function setUpOptions(
  startBackground: BackgroundFixtures['startBackground'],
  options: TestBackgroundOptions = {},
) {
  const background = await startBackground(options);
  const user = userEvent.setup();
  render(
    <Announcer>
      <App />
    </Announcer>,
  );
  await screen.findByRole('heading', { name: 'Accounts' });
  return { user, background };
}
