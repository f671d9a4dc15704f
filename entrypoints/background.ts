export default defineBackground(() => {
  // Wired in utils/background/ (see issue 3).
});
