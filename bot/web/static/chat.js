// Ombudsguiden's chat page. No framework: the page is server-rendered, this only adds the chat.
// Bot and user text is always inserted with textContent, never as HTML.
"use strict";

const SENDER_KEY = "ombudsguiden.samtal";
const PREFERENCES_KEY = "ombudsguiden.installningar";
const SENDER_HEADER = "X-Samtal";
const MAX_MESSAGE_LENGTH = 2000;
// Only http and https addresses become links; the label is the address itself, as text.
const URL_PATTERN = /https?:\/\/[^\s<>"]+/g;

// Preferences last (localStorage); the conversation id lasts until the tab is closed (sessionStorage),
// so the next person on a shared computer does not find the conversation.
// Either storage can be off (private mode, strict settings); the chat must work anyway.
function stored(key, storage) {
  try { return (storage || window.localStorage).getItem(key); } catch (error) { return null; }
}
function store(key, value, storage) {
  try {
    const where = storage || window.localStorage;
    if (value === null) { where.removeItem(key); } else { where.setItem(key, value); }
  } catch (error) { /* the setting lasts until the page is closed */ }
}
function session() {
  try { return window.sessionStorage; } catch (error) { return null; }
}

function newSenderId() {
  if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
  const bytes = new Uint8Array(16);
  window.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

// The emergency number as the crisis bar shows it (from the knowledge base).
function emergencyNumber() {
  const link = document.querySelector('.kris a[href^="tel:"]');
  return (link && link.textContent.trim()) || "112";
}
function notAnswering() {
  return `Chatten svarar inte just nu. Försök igen om en stund. Akut? Ring ${emergencyNumber()}.`;
}

// Text with its web addresses as real links, built node by node (never as HTML).
function renderText(element, text) {
  let done = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const address = match[0].replace(/[.,;:!?)\]]+$/, "");
    element.appendChild(document.createTextNode(text.slice(done, match.index)));
    let href = null;
    try {
      const parsed = new URL(address);
      if (parsed.protocol === "http:" || parsed.protocol === "https:") { href = parsed.href; }
    } catch (error) { href = null; }
    if (href) {
      const link = document.createElement("a");
      link.href = href;
      link.rel = "noopener noreferrer";
      link.textContent = address;
      element.appendChild(link);
    } else {
      element.appendChild(document.createTextNode(address));
    }
    done = match.index + address.length;
  }
  element.appendChild(document.createTextNode(text.slice(done)));
}

// The sticky crisis bar must not cover what has focus: scrolling leaves its height free.
function setupCrisisBar() {
  const bar = document.querySelector(".kris");
  if (!bar || !("ResizeObserver" in window)) { return; }
  new ResizeObserver(() => {
    document.documentElement.style.setProperty("--kris-hojd", `${bar.offsetHeight}px`);
  }).observe(bar);
}

// ---- Preferences: larger text, high contrast, read-aloud -------------------------------------

function loadPreferences() {
  try { return JSON.parse(stored(PREFERENCES_KEY) || "{}"); } catch (error) { return {}; }
}

function setupToggle(button, name, preferences, apply) {
  if (!button) { return; }
  const show = () => {
    button.setAttribute("aria-pressed", preferences[name] ? "true" : "false");
    apply(Boolean(preferences[name]));
  };
  button.addEventListener("click", () => {
    preferences[name] = !preferences[name];
    store(PREFERENCES_KEY, JSON.stringify(preferences));
    show();
  });
  show();
}

const speech = {
  on: false,
  available: "speechSynthesis" in window && "SpeechSynthesisUtterance" in window,
  swedishVoice() {
    const voices = window.speechSynthesis.getVoices() || [];
    return voices.find((v) => v.lang === "sv-SE") || voices.find((v) => (v.lang || "").startsWith("sv")) || null;
  },
  say(text) {
    if (!this.on || !this.available || !text) { return; }
    try {
      const utterance = new SpeechSynthesisUtterance(text);
      utterance.lang = "sv-SE";
      const voice = this.swedishVoice();
      if (voice) { utterance.voice = voice; }
      window.speechSynthesis.speak(utterance);
    } catch (error) { /* no voice: the text is still on the page */ }
  },
  stop() {
    if (this.available) { window.speechSynthesis.cancel(); }
  },
};

function setupPreferences() {
  const preferences = loadPreferences();
  const root = document.documentElement;
  setupToggle(document.getElementById("storre-text"), "largeText", preferences,
    (on) => root.classList.toggle("stor-text", on));
  setupToggle(document.getElementById("hog-kontrast"), "highContrast", preferences,
    (on) => root.classList.toggle("hog-kontrast", on));
  const readAloud = document.getElementById("las-upp");
  if (readAloud && speech.available) {
    readAloud.hidden = false;
    setupToggle(readAloud, "readAloud", preferences, (on) => {
      speech.on = on;
      if (!on) { speech.stop(); }
    });
  }
}

// ---- The conversation -------------------------------------------------------------------------

function setupChat(main) {
  const log = document.getElementById("samtal");
  const earlier = document.getElementById("tidigare");
  const form = document.getElementById("skrivform");
  const input = document.getElementById("skriv");
  const waiting = document.getElementById("vantar");
  const error = document.getElementById("fel");
  const retry = document.getElementById("forsok-igen");
  const printLink = document.getElementById("utskrift");
  const restartButton = document.getElementById("borja-om");
  const deleteButton = document.getElementById("radera");
  const presetKey = main.dataset.presetKey || null;
  let presetChoices = [];
  try { presetChoices = JSON.parse(main.dataset.presetChoices || "[]"); } catch (failure) { presetChoices = []; }
  let sender = stored(SENDER_KEY, session());
  let busy = false;

  function showError(text) { error.textContent = text || ""; }

  // While a reply is on its way, nothing may start over or delete: the reply would come back.
  function setBusy(on) {
    busy = on;
    waiting.textContent = on ? "Ombudsguiden skriver …" : "";
    restartButton.disabled = on;
    deleteButton.disabled = on;
  }

  // `buttons`: from the bot ({title, payload}) or from the page ({title, preset}).
  function addMessage(from, text, buttons, where) {
    const item = document.createElement("div");
    item.className = from === "bot" ? "meddelande bot" : "meddelande du";
    const who = document.createElement("span");
    who.className = "vem";
    who.textContent = from === "bot" ? "Ombudsguiden: " : "Du: ";
    item.appendChild(who);
    const body = document.createElement("p");
    body.className = "text";
    if (from === "bot") { renderText(body, text || ""); } else { body.textContent = text || ""; }
    item.appendChild(body);
    if (buttons && buttons.length) {
      const choices = document.createElement("div");
      choices.className = "val";
      buttons.forEach((button) => {
        const choice = document.createElement("button");
        choice.type = "button";
        choice.textContent = button.title;
        const message = button.preset ? { preset: button.preset } : { payload: button.payload };
        choice.addEventListener("click", () => send(message, button.title));
        choices.appendChild(choice);
      });
      item.appendChild(choices);
    }
    (where || log).appendChild(item);
    item.scrollIntoView({ block: "nearest" });
    return item;
  }

  // Only the newest set of choices can be pressed: an old button would answer an old question.
  function retireOldChoices() {
    main.querySelectorAll(".val button").forEach((button) => { button.disabled = true; });
  }

  async function post(message) {
    let response;
    try {
      response = await fetch("/api/chat", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ sender: sender, ...message }),
      });
    } catch (failure) {
      throw new Error(notAnswering());  // the browser's own network error is in English
    }
    const data = await response.json().catch(() => ({}));
    if (!response.ok) { throw new Error(data.error || "Något gick fel. Försök igen."); }
    return data;
  }

  function showReplies(data) {
    let firstNewChoice = null;
    (data.messages || []).forEach((message) => {
      const item = addMessage("bot", message.text, message.buttons);
      firstNewChoice = firstNewChoice || item.querySelector(".val button");
      speech.say(message.text);
    });
    if (data.checklist_url) {
      printLink.querySelector("a").href = data.checklist_url;
      printLink.hidden = false;
    }
    return firstNewChoice;
  }

  // `message` is {text}, {payload} or {preset}. `shown` is what the person sees as their own
  // message: what they typed, the button's title, or nothing for the page's own commands.
  async function send(message, shown) {
    if (busy) { return false; }
    const length = message.text ? Array.from(message.text).length : 0;
    if (length > MAX_MESSAGE_LENGTH) {
      showError(`Meddelandet är för långt. Skriv högst ${MAX_MESSAGE_LENGTH} tecken, det här har ${length}.`);
      return false;
    }
    // Where focus was before anything is disabled: a choice button loses focus when it is.
    const fromChoice = Boolean(document.activeElement && document.activeElement.closest
      && document.activeElement.closest(".val"));
    speech.stop();
    setBusy(true);
    showError("");
    try {
      const data = await post(message);
      if (!(data.messages || []).length) { throw new Error("Jag fick inget svar. Försök igen."); }
      retireOldChoices();
      if (shown) { addMessage("user", shown); }
      const firstNewChoice = showReplies(data);
      // A keyboard user who pressed a choice continues from the next choices, not from the top.
      if (firstNewChoice && fromChoice) {
        firstNewChoice.focus();
      } else if (fromChoice || document.activeElement === document.body) {
        input.focus();
      }
      return true;
    } catch (failure) {
      showError(failure.message || notAnswering());
      return false;
    } finally {
      setBusy(false);
    }
  }

  function clearConversation() {
    log.textContent = "";
    earlier.textContent = "";
    printLink.hidden = true;
  }

  // `notice`: a line from the page itself, shown before the new greeting.
  async function start(notice) {
    sender = newSenderId();
    store(SENDER_KEY, sender, session());
    clearConversation();
    if (notice) { addMessage("bot", notice); }
    await send({ payload: "/greet" }, null);
    if (presetKey) {
      await send({ preset: presetKey }, null);
    } else if (presetChoices.length) {
      addMessage("bot", `Du kom hit via ${main.dataset.presetLabel}. De arbetar på flera orter. Var bor du?`,
        presetChoices.map(([title, key]) => ({ title: title, preset: key })));
    }
    // The share link has done its work: a reload continues this conversation instead of starting over.
    if (presetKey || presetChoices.length) { window.history.replaceState(null, "", "/"); }
  }

  // The old messages go outside the live log: a screen reader reads only new ones.
  // Returns "restored", "empty" or "failed" (then the id is kept, to try again).
  async function restore() {
    let data;
    try {
      const response = await fetch("/api/conversation", { headers: { [SENDER_HEADER]: sender } });
      data = await response.json().catch(() => ({}));
      if (!response.ok) {
        showError(data.error || notAnswering());
        return "failed";
      }
    } catch (failure) {
      showError(notAnswering());
      return "failed";
    }
    const messages = data.messages || [];
    clearConversation();
    messages.forEach((m) => addMessage(m.from, m.text, m.buttons, earlier));
    retireOldChoices();
    // The last bot choices still answer the current question.
    const last = earlier.lastElementChild;
    if (last) { last.querySelectorAll(".val button").forEach((b) => { b.disabled = false; }); }
    return messages.length ? "restored" : "empty";
  }

  async function begin() {
    retry.hidden = true;
    showError("");
    // A share link starts fresh at its place; otherwise an open conversation continues.
    if (sender && !presetKey && !presetChoices.length) {
      const restored = await restore();
      if (restored === "empty") { await start(); }
      if (restored === "failed") { retry.hidden = false; }
    } else {
      await start();
    }
  }

  retry.querySelector("button").addEventListener("click", () => { begin(); });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) {
      showError("Skriv något först.");
      input.focus();
      return;
    }
    // The text stays in the box until the bot has answered, so nothing is lost on an error.
    if (await send({ text: text }, text)) { input.value = ""; }
    input.focus();
  });

  // Enter sends, Shift+Enter makes a new line, as in most chats.
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  restartButton.addEventListener("click", async () => {
    if (busy) { return; }
    speech.stop();
    if (sender) { await post({ payload: "/restart" }).catch(() => null); }
    await start();
    input.focus();
  });

  deleteButton.addEventListener("click", async () => {
    if (busy) { return; }
    speech.stop();
    if (!window.confirm("Vill du radera hela konversationen? Det går inte att ångra.\n\n"
      + "En kontaktförfrågan som du redan har skickat finns kvar hos kontoret "
      + "tills du tar bort den: skriv ”ta bort” och din kod i chatten.")) { return; }
    setBusy(true);
    let response = null;
    let data = {};
    try {
      response = await fetch("/api/conversation", { method: "DELETE", headers: { [SENDER_HEADER]: sender } });
      data = await response.json().catch(() => ({}));
    } catch (failure) {
      response = null;
    } finally {
      setBusy(false);
    }
    if (!response || !response.ok) {
      showError(data.error || "Konversationen kunde inte raderas. Försök igen.");
      return;
    }
    store(SENDER_KEY, null, session());
    showError("");
    await start("Din konversation är raderad. Här börjar en ny.");
    input.focus();
  });

  begin();
}

document.addEventListener("DOMContentLoaded", () => {
  setupPreferences();
  setupCrisisBar();
  const main = document.getElementById("chatt");
  if (main) { setupChat(main); }
  const print = document.getElementById("skriv-ut");
  if (print) { print.addEventListener("click", () => window.print()); }
});
