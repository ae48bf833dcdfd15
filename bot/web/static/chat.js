// Ombudsguiden's chat page. No framework: the page is server-rendered, this only adds the chat.
// Bot and user text is always inserted with textContent, never as HTML.
"use strict";

const SENDER_KEY = "ombudsguiden.samtal";
const PREFERENCES_KEY = "ombudsguiden.installningar";
const MAX_MESSAGE_LENGTH = 2000;

// localStorage can be off (private mode, strict settings); the chat must work anyway.
function stored(key) {
  try { return window.localStorage.getItem(key); } catch (error) { return null; }
}
function store(key, value) {
  try {
    if (value === null) { window.localStorage.removeItem(key); } else { window.localStorage.setItem(key, value); }
  } catch (error) { /* the setting lasts until the page is closed */ }
}

function newSenderId() {
  if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
  const bytes = new Uint8Array(16);
  window.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
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
  const form = document.getElementById("skrivform");
  const input = document.getElementById("skriv");
  const waiting = document.getElementById("vantar");
  const error = document.getElementById("fel");
  const printLink = document.getElementById("utskrift");
  let sender = stored(SENDER_KEY);
  let busy = false;

  function showError(text) { error.textContent = text || ""; }

  function addMessage(from, text, buttons) {
    const item = document.createElement("div");
    item.className = from === "bot" ? "meddelande bot" : "meddelande du";
    const who = document.createElement("span");
    who.className = "vem";
    who.textContent = from === "bot" ? "Ombudsguiden: " : "Du: ";
    item.appendChild(who);
    const body = document.createElement("p");
    body.className = "text";
    body.textContent = text || "";
    item.appendChild(body);
    if (buttons && buttons.length) {
      const choices = document.createElement("div");
      choices.className = "val";
      buttons.forEach((button) => {
        const choice = document.createElement("button");
        choice.type = "button";
        choice.textContent = button.title;
        choice.addEventListener("click", () => send(button.payload, button.title));
        choices.appendChild(choice);
      });
      item.appendChild(choices);
    }
    log.appendChild(item);
    item.scrollIntoView({ block: "nearest" });
    return item;
  }

  // Only the newest set of choices can be pressed: an old button would answer an old question.
  function retireOldChoices() {
    log.querySelectorAll(".val button").forEach((button) => { button.disabled = true; });
  }

  async function post(message) {
    const response = await fetch("/api/chat", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ sender: sender, message: message }),
    });
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

  // `shown` is what the person sees as their own message: the button's title, or nothing for
  // the page's own commands (/greet, a preset place).
  async function send(message, shown) {
    if (busy) { return false; }
    if (message.length > MAX_MESSAGE_LENGTH) {
      showError(`Meddelandet är för långt. Skriv högst ${MAX_MESSAGE_LENGTH} tecken, det här har ${message.length}.`);
      return false;
    }
    busy = true;
    showError("");
    waiting.hidden = false;
    try {
      const data = await post(message);
      retireOldChoices();
      if (shown) { addMessage("user", shown); }
      const firstNewChoice = showReplies(data);
      // A keyboard user who pressed a choice continues from the next choices, not from the top.
      if (firstNewChoice && document.activeElement && document.activeElement.closest(".val")) {
        firstNewChoice.focus();
      } else if (document.activeElement === document.body) {
        input.focus();
      }
      return true;
    } catch (failure) {
      showError(failure.message || "Boten svarar inte just nu. Försök igen om en stund.");
      return false;
    } finally {
      busy = false;
      waiting.hidden = true;
    }
  }

  // `notice`: a line from the page itself, shown before the new greeting.
  async function start(notice) {
    sender = newSenderId();
    store(SENDER_KEY, sender);
    log.textContent = "";
    printLink.hidden = true;
    if (notice) { addMessage("bot", notice); }
    await send("/greet", null);
    if (main.dataset.presetPayload) { await send(main.dataset.presetPayload, null); }
  }

  // The old messages are put back quietly: a screen reader should read only new ones.
  async function restore() {
    log.setAttribute("aria-live", "off");
    try {
      const response = await fetch(`/api/conversation/${encodeURIComponent(sender)}`);
      const data = await response.json();
      (data.messages || []).forEach((m) => addMessage(m.from, m.text, m.buttons));
      retireOldChoices();
      // The last bot choices still answer the current question.
      const last = log.lastElementChild;
      if (last) { last.querySelectorAll(".val button").forEach((b) => { b.disabled = false; }); }
      return (data.messages || []).length > 0;
    } catch (error) {
      return false;
    } finally {
      log.setAttribute("aria-live", "polite");
    }
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) {
      showError("Skriv något först.");
      input.focus();
      return;
    }
    // The text stays in the box until the bot has it, so nothing is lost on an error.
    if (await send(text, text)) { input.value = ""; }
    input.focus();
  });

  // Enter sends, Shift+Enter makes a new line, as in most chats.
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  document.getElementById("borja-om").addEventListener("click", async () => {
    speech.stop();
    if (sender) { await post("/restart").catch(() => null); }
    await start();
    input.focus();
  });

  document.getElementById("radera").addEventListener("click", async () => {
    speech.stop();
    if (!window.confirm("Vill du radera hela konversationen? Det går inte att ångra.")) { return; }
    const response = await fetch(`/api/conversation/${encodeURIComponent(sender)}`, { method: "DELETE" })
      .catch(() => null);
    if (!response || !response.ok) {
      showError("Konversationen kunde inte raderas. Försök igen.");
      return;
    }
    store(SENDER_KEY, null);
    showError("");
    await start("Din konversation är raderad. Här börjar en ny.");
    input.focus();
  });

  // A share link always starts fresh at its place; otherwise an open conversation continues.
  if (sender && !main.dataset.presetPayload) {
    restore().then((restored) => { if (!restored) { start(); } });
  } else {
    start();
  }
}

document.addEventListener("DOMContentLoaded", () => {
  setupPreferences();
  const main = document.getElementById("chatt");
  if (main) { setupChat(main); }
  const print = document.getElementById("skriv-ut");
  if (print) { print.addEventListener("click", () => window.print()); }
});
