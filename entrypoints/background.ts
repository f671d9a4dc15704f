import { createBackground, registerBackground } from '@/utils/background';

export default defineBackground(() => {
  registerBackground(createBackground());
});
