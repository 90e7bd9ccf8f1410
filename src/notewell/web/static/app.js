// notewell's few lines of script: forms submitted with fetch (server-rendered fragments
// swapped in), the idle-sign-out warning, and "Copy for EHR". No inline script anywhere
// (the Content-Security-Policy forbids it), so everything is wired from here.
"use strict";
(function () {
  const csrf = () => (document.querySelector('meta[name="csrf-token"]') || {}).content || "";
  const body = document.body;
  const idleSeconds = Number(body.dataset.idleSeconds || 0);
  let deadline = 0;

  // The server's idle timer restarts on every request it answers for this session;
  // ours restarts with it (2 s later, so the page never ends a session still alive).
  function restartIdle(seconds) {
    if (idleSeconds > 0) deadline = Date.now() + (seconds || idleSeconds) * 1000 + 2000;
  }

  async function post(url, data) {
    const response = await fetch(url, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "x-notewell-fetch": "1", "x-csrf-token": csrf() },
    });
    if (response.status === 401) {
      window.location.assign("/login?ended=1");
      throw new Error("signed out");
    }
    restartIdle();
    return response;
  }

  // For static/editor.js: the same fetch (CSRF, idle timer), and a hook that lets a
  // pending autosave finish before Save or Sign sends the form.
  const notewell = (window.notewell = { post, beforeSubmit: null });

  document.addEventListener("submit", async (event) => {
    const form = event.target;
    const targetSelector = form.dataset.fetchTarget;
    const replace = form.hasAttribute("data-fetch-replace");
    if (!targetSelector && !replace) return; // an ordinary form: the browser posts it
    event.preventDefault();
    const submitter = event.submitter;
    const action = (submitter && submitter.getAttribute("formaction")) || form.action;
    const buttons = form.querySelectorAll("button");
    buttons.forEach((b) => (b.disabled = true));
    // A form the answer replaces: what is typed meanwhile would be lost, so no typing.
    const boxes = replace ? form.querySelectorAll("textarea") : [];
    boxes.forEach((box) => (box.readOnly = true));
    form.setAttribute("aria-busy", "true");
    try {
      if (notewell.beforeSubmit) await notewell.beforeSubmit(form);
      const response = await post(action, new FormData(form));
      const location = response.headers.get("x-notewell-location");
      if (location) {
        window.location.assign(location);
        return;
      }
      const html = await response.text();
      if (replace && !response.ok && response.status !== 422) {
        // A conflict or refusal: say so above the editor and keep the clinician's text.
        let problem = form.previousElementSibling;
        if (!problem || !problem.classList.contains("fetch-problem")) {
          problem = document.createElement("div");
          problem.className = "fetch-problem";
          form.before(problem);
        }
        problem.innerHTML = html;
      } else if (replace) {
        const previous = form.previousElementSibling;
        if (previous && previous.classList.contains("fetch-problem")) previous.remove();
        form.outerHTML = html;
      } else {
        const errorTarget = !response.ok && form.dataset.fetchErrorTarget;
        document.querySelector(errorTarget || targetSelector).innerHTML = html;
      }
      if (response.ok) document.dispatchEvent(new CustomEvent("notewell:swapped"));
    } catch (error) {
      if (error.message !== "signed out") alert("The server could not be reached; nothing was lost from this page.");
    } finally {
      buttons.forEach((b) => (b.disabled = false));
      boxes.forEach((box) => (box.readOnly = false));
      form.removeAttribute("aria-busy");
    }
  });

  // Copy for EHR: the plain note text, as the record keeps it.
  function editorText(form) {
    const header = form.querySelector('[data-part="header"]').value.replace(/\s+$/, "");
    const parts = [header];
    form.querySelectorAll('[data-part="section"]').forEach((box) => {
      parts.push(box.dataset.name + "\n" + (box.value.trim() || "(nothing)"));
    });
    return parts.join("\n\n").replace(/\s+$/, "") + "\n";
  }

  async function copy(text, button) {
    try {
      await navigator.clipboard.writeText(text);
    } catch (error) {
      const scratch = document.createElement("textarea");
      scratch.value = text;
      document.body.appendChild(scratch);
      scratch.select();
      document.execCommand("copy");
      scratch.remove();
    }
    const done = button.parentElement.querySelector(".copied");
    if (done) done.hidden = false;
  }

  document.addEventListener("click", (event) => {
    const button = event.target.closest("button");
    if (!button) return;
    if (button.dataset.copy) {
      copy(document.querySelector(button.dataset.copy).textContent, button);
    } else if (button.hasAttribute("data-copy-editor")) {
      copy(editorText(button.closest("form")), button);
    } else if (button.id === "stay-signed-in") {
      post("/ping", new FormData())
        .then((r) => (r.ok ? r.json() : Promise.reject(new Error("ping"))))
        .then((data) => {
          restartIdle(data.idle_seconds);
          document.getElementById("idle-warning").hidden = true;
        })
        .catch(() => {});
    }
  });

  // The warning comes at least 20 s before the end (a minute for the default 15 min).
  if (idleSeconds > 0) {
    const warnAt = Math.min(60, Math.max(20, idleSeconds / 2)) * 1000;
    const warning = document.getElementById("idle-warning");
    const count = document.getElementById("idle-count");
    restartIdle();
    setInterval(() => {
      const left = deadline - Date.now();
      if (left <= 0) {
        // The server signs the session out (and logs it); this page then shows sign-in.
        window.location.assign("/");
      } else if (left <= warnAt) {
        count.textContent = String(Math.ceil(left / 1000));
        warning.hidden = false;
      } else {
        warning.hidden = true;
      }
    }, 500);
  }
})();
