// Shipped with the app (nothing from another host). Streamlit 1.67 has no Korean locale, and two
// of its English texts are not reachable by CSS alone: the keyboard's "Skip to main content" link
// (read aloud by screen readers) is renamed here, now and whenever Streamlit draws it again.
(() => {
  const names = {"stSkipToContent": "본문으로 건너뛰기"};
  const rename = () => {
    for (const [id, text] of Object.entries(names)) {
      for (const el of window.parent.document.querySelectorAll(`[data-testid="${id}"]`)) {
        if (el.textContent !== text) el.textContent = text;
      }
    }
  };
  rename();
  if (!window.parent.__pledgesKorean) {
    window.parent.__pledgesKorean = new MutationObserver(rename);
    window.parent.__pledgesKorean.observe(window.parent.document.body, {childList: true, subtree: true});
  }
})();
