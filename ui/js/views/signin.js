// Sign in (or register) as a user of /api/auth; the JWT pair goes to sessionStorage.
import { post } from "../api.js";
import { field, h, show } from "../dom.js";
import * as session from "../session.js";
import { sayError } from "../status.js";

export function signInPage(main) {
  const email = h("input", { type: "email", name: "email", autocomplete: "username", required: true });
  const password = h("input", { type: "password", name: "password", autocomplete: "current-password", required: true });
  const signIn = h(
    "form",
    { class: "card", "aria-labelledby": "signin-title" },
    h("h2", { id: "signin-title" }, "Sign in"),
    field("E-mail", email),
    field("Password", password),
    h("div", { class: "actions" }, h("button", { type: "submit" }, "Sign in")),
  );
  signIn.addEventListener("submit", async (event) => {
    event.preventDefault();
    await enter(signIn, email.value, password.value);
  });

  const newEmail = h("input", { type: "email", name: "email", autocomplete: "username", required: true });
  const newPassword = h("input", {
    type: "password", name: "new-password", autocomplete: "new-password", required: true, minlength: 10,
  });
  const register = h(
    "form",
    { class: "card", "aria-labelledby": "register-title" },
    h("h2", { id: "register-title" }, "Create an account"),
    field("E-mail", newEmail),
    field("Password", newPassword, "At least 10 characters, not only digits, not your e-mail."),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "secondary" }, "Create account")),
  );
  register.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = register.querySelector("button");
    button.disabled = true;
    try {
      await post("/api/auth/register", { email: newEmail.value, password: newPassword.value });
      await enter(register, newEmail.value, newPassword.value);
    } catch (error) {
      sayError(error);
    } finally {
      button.disabled = false;
    }
  });

  show(main, h("h1", {}, "casgate dashboard"), h("div", { class: "grid" }, signIn, register));
}

async function enter(form, email, password) {
  const button = form.querySelector("button");
  button.disabled = true;
  try {
    const tokens = await post("/api/auth/login", { email, password });
    session.save(tokens, tokens.user);
    location.hash = "#/portfolio";
  } catch (error) {
    sayError(error);
  } finally {
    button.disabled = false;
  }
}

