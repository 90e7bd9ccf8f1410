// The draft editor: live findings (the checker on the text being edited, debounced),
// autosave with a visible state (saving… / saved at HH:MM / conflict), and, on the page
// that drafted the note, sentence -> source highlighting. Server-rendered fragments are
// fetched and swapped in; nothing of the note is kept in the browser's storage.
"use strict";
(function () {
  const CHECK_DELAY = 600; // ms after the last keystroke
  const SAVE_DELAY = 1500;
  const PROMPT = /\[Add [^\]\n]{1,200}\]/;
  const { post } = window.notewell;

  let checkTimer = 0;
  let checkSeq = 0;
  let saveTimer = 0;
  let saving = null; // the autosave in flight (a promise), if any
  let dirty = false; // edits since the last save was sent
  let conflicted = false; // a refused save: no autosave until the clinician chooses

  const editor = () => document.getElementById("editor");

  function setSaveState(state, text) {
    const shown = document.getElementById("save-state");
    if (!shown) return;
    shown.dataset.state = state;
    shown.textContent = text;
  }

  function clock() {
    return new Date().toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  }

  function showProblem(form, html) {
    let problem = form.previousElementSibling;
    if (!problem || !problem.classList.contains("fetch-problem")) {
      problem = document.createElement("div");
      problem.className = "fetch-problem";
      form.before(problem);
    }
    problem.innerHTML = html;
    return problem;
  }

  function clearProblem(form) {
    const problem = form.previousElementSibling;
    if (problem && problem.classList.contains("fetch-problem")) problem.remove();
  }

  // --- Live findings -------------------------------------------------------------
  async function liveCheck(form) {
    const seq = ++checkSeq;
    const response = await post(form.dataset.checkUrl, new FormData(form));
    if (seq !== checkSeq || !response.ok) return; // a newer check is on its way
    const html = await response.text();
    const panel = document.getElementById("findings");
    if (panel.contains(document.activeElement)) {
      checkTimer = setTimeout(() => liveCheck(form), CHECK_DELAY); // typing a reason
      return;
    }
    panel.innerHTML = html;
    const list = panel.querySelector(".finding-list");
    const count = list ? Number(list.dataset.count) : 0;
    const prompts = panel.querySelectorAll(".prompt").length;
    const status = document.getElementById("findings-status");
    if (status) {
      status.textContent =
        `Checked at ${clock()}: ${count} finding${count === 1 ? "" : "s"}` +
        (prompts ? `, ${prompts} prompt${prompts === 1 ? "" : "s"} to fill in` : "");
    }
  }

  // --- Autosave ------------------------------------------------------------------
  function autosave(form) {
    if (conflicted || !dirty || saving) return saving;
    dirty = false;
    setSaveState("saving", "Saving…");
    const sent = new FormData(form);
    saving = (async () => {
      const response = await post(form.action, sent);
      const html = await response.text();
      if (response.ok) {
        const fresh = new DOMParser().parseFromString(html, "text/html");
        for (const name of ["version", "text_hash"]) {
          const value = fresh.querySelector(`input[name="${name}"]`);
          if (value) form.querySelector(`input[name="${name}"]`).value = value.value;
        }
        const version = fresh.querySelector(".meta .version");
        if (version) form.querySelector(".meta .version").textContent = version.textContent;
        clearProblem(form);
        setSaveState("saved", `Saved at ${clock()}`);
      } else if (response.status === 409) {
        conflicted = true;
        const problem = showProblem(form, html);
        problem.scrollIntoView({ block: "start" }); // role=alert says it too
        problem.querySelectorAll("pre").forEach((pre) => {
          const first = pre.querySelector("mark"); // the first difference in sight
          if (first) pre.scrollTop = first.offsetTop - 24; // pre is its offsetParent
        });
        setSaveState("conflict", "Conflict: not saved (both versions shown above)");
      } else {
        dirty = true;
        showProblem(form, html);
        setSaveState("error", "Not saved (see above)");
      }
    })()
      .catch(() => {
        dirty = true;
        setSaveState("error", "Not saved: the server could not be reached");
      })
      .finally(() => {
        saving = null;
        if (dirty && !conflicted) scheduleSave(form);
      });
    return saving;
  }

  function scheduleSave(form) {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(() => autosave(form), SAVE_DELAY);
  }

  // Save or Sign pressed: no autosave races it (its version would be stale).
  window.notewell.beforeSubmit = async (form) => {
    if (form.id !== "editor") return;
    clearTimeout(saveTimer);
    if (saving) await saving;
    dirty = false;
  };

  document.addEventListener("notewell:swapped", () => {
    conflicted = false;
    dirty = false;
  });

  function markPrompts(box) {
    box.classList.toggle("has-prompt", PROMPT.test(box.value));
  }

  document.addEventListener("input", (event) => {
    const box = event.target;
    const form = box.closest ? box.closest("#editor") : null;
    if (!form || !box.matches("textarea[data-part]")) return;
    markPrompts(box);
    clearTimeout(checkTimer);
    checkTimer = setTimeout(() => liveCheck(form).catch(() => {}), CHECK_DELAY);
    if (conflicted) return;
    dirty = true;
    setSaveState("dirty", "Unsaved changes");
    if (!saving) scheduleSave(form);
  });

  document.addEventListener("click", (event) => {
    const keep = event.target.closest("[data-keep-mine]");
    if (!keep) return;
    const form = editor();
    form.querySelector('input[name="version"]').value = keep.dataset.keepMine;
    conflicted = false;
    dirty = true;
    clearProblem(form);
    autosave(form);
    form.querySelector("textarea[data-part]").focus();
  });

  // --- Sentence -> source ----------------------------------------------------------
  let shownSentence = null;

  function sentenceAt(box) {
    const list = document.querySelector(`.provenance[data-section="${CSS.escape(box.dataset.name || "")}"]`);
    if (!list) return null;
    const caret = box.selectionStart;
    let from = 0;
    for (const item of list.children) {
      const at = box.value.indexOf(item.textContent, from);
      if (at < 0) continue; // edited away
      if (caret >= at && caret <= at + item.textContent.length) return item;
      from = at + item.textContent.length;
    }
    return null;
  }

  function showSource(box) {
    const view = document.getElementById("source-view");
    const status = document.getElementById("source-status");
    if (!view || !status) return;
    const sentence = sentenceAt(box);
    if (sentence === shownSentence) return;
    shownSentence = sentence;
    view.querySelectorAll(".source-hl").forEach((seg) => seg.classList.remove("source-hl"));
    if (!sentence) {
      status.textContent = "";
      return;
    }
    if (sentence.dataset.prompt) {
      status.textContent = "This sentence is a prompt: the input did not say it. Replace it or delete it.";
      return;
    }
    const ranges = sentence.dataset.sources.split(" ").filter(Boolean).map((r) => r.split("-").map(Number));
    const segments = [...view.querySelectorAll("[data-start]")];
    const quoted = ranges.map(([start, end]) => {
      const hit = segments.filter((s) => Number(s.dataset.start) >= start && Number(s.dataset.end) <= end);
      hit.forEach((s) => s.classList.add("source-hl"));
      return hit.map((s) => s.textContent).join("");
    });
    const first = view.querySelector(".source-hl");
    if (first) first.scrollIntoView({ block: "nearest" });
    status.textContent = quoted.length
      ? `Source of this sentence: “${quoted.join(" … ").trim()}”`
      : "No source: this sentence was not drafted from the input.";
  }

  for (const type of ["click", "keyup", "focusin", "select"]) {
    document.addEventListener(type, (event) => {
      const box = event.target;
      if (box.matches && box.matches('#editor textarea[data-part="section"]')) showSource(box);
    });
  }
})();
