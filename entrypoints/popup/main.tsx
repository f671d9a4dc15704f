import { render } from 'preact';
import { t } from '@/utils/i18n';
import { uiLanguage } from '@/utils/ui/locale';
import { preloadCachedList } from '@/utils/ui/cached-list';
import { Announcer } from '@/components/Announcer';
import { App } from './App';
import '@/components/theme.css';
import './style.css';

document.documentElement.lang = uiLanguage();
document.title = t('extName');
void preloadCachedList().then(() =>
  render(
    <Announcer>
      <App />
    </Announcer>,
    document.getElementById('app')!,
  ),
);
