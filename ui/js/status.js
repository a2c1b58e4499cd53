// One status line, read out politely by screen readers: what just happened or what went wrong.
const line = () => document.getElementById("status");

export function say(message, kind = "info") {
  line().className = `status ${kind}`;
  line().textContent = message;
}

export function sayError(error) {
  say(error.message || String(error), "error");
}

export function quiet() {
  line().textContent = "";
}
