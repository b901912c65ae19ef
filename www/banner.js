// The error banner: every failure (loading, bad data, a rejected window) is shown, never a blank page.
// An error has a kind: "refresh" errors (e.g. a custom window after the replay time) clear at the next
// good refresh; "file" errors (a bad dropped file) stay until dismissed or a file loads.
const banner = () => document.getElementById("error");

/** Shows an error (an Error or a message) of `kind`; the data already on screen stays. */
export function showError(error, kind = "refresh") {
  const b = banner();
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  let message = b.querySelector(".message");
  if (!message) {
    message = Object.assign(document.createElement("span"), { className: "message" });
    const close = Object.assign(document.createElement("button"), { type: "button", className: "dismiss", textContent: "Dismiss" });
    close.addEventListener("click", () => clearError(b.dataset.kind));
    b.replaceChildren(message, close);
  }
  if (message.textContent !== text) message.textContent = text;
  b.dataset.kind = kind;
  b.hidden = false;
  document.body.dataset.error = "1";
}

/** Hides the banner if it shows an error of `kind`. */
export function clearError(kind = "refresh") {
  const b = banner();
  if (b.hidden || b.dataset.kind !== kind) return;
  b.hidden = true;
  b.querySelector(".message").textContent = "";
  delete document.body.dataset.error;
}

/** Uncaught errors and rejections anywhere in the page go to the banner too (as sticky errors). */
export function catchAll() {
  addEventListener("error", (e) => showError(e.error ?? e.message, "uncaught"));
  addEventListener("unhandledrejection", (e) => showError(e.reason, "uncaught"));
}
