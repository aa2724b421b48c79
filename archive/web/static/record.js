// The record page's "Copy the citation" button: the clipboard API, else the selection.
document.addEventListener("click", async (event) => {
  const button = event.target.closest(".copy-citation");
  if (!button) return;
  const text = document.getElementById("citation-text");
  const status = button.parentElement.querySelector(".copy-status");
  try {
    await navigator.clipboard.writeText(text.value);
  } catch {
    text.select();
    document.execCommand("copy");
  }
  status.textContent = button.dataset.copied;
});
