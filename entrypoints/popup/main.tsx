import { render } from 'preact';
import { t } from '@/utils/i18n';
import { uiLanguage } from '@/utils/ui/locale';
import { preloadCachedList } from '@/utils/ui/cached-list';
import { loadAccountOverview } from '@/components/lazy';
import { Announcer } from '@/components/Announcer';
import { App } from './App';
import '@/components/theme.css';
import './style.css';

document.documentElement.lang = uiLanguage();
document.title = t('extName');
// Several accounts open on the overview: its chunk is fetched while their first screens are read.
const onSeveral = () => void loadAccountOverview().catch(() => undefined);
void preloadCachedList({ onSeveral }).then(() => {
  render(
    <Announcer>
      <App />
    </Announcer>,
    document.getElementById('app')!,
  );
});
