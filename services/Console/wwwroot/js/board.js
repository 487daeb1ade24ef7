// Live board: swap in fresh rows whenever the server says an entry changed, and the alarms whenever an alarm changed;
// tick the countdowns every second; sound an alarm tone while any alarm waits for someone to answer for it.
(function () {
  const body = document.querySelector('#board tbody');
  const empty = document.getElementById('empty');
  const alarms = document.getElementById('alarm-panel');
  const lost = document.getElementById('connection-lost');
  let audio = null;

  async function fetchFragment(path) {
    const response = await fetch(path, { headers: { 'Accept': 'text/html' } });
    // Signed out (the session ended): reload, which takes the coordinator to sign in and back here.
    if (response.redirected) { location.reload(); return null; }
    return response.ok ? await response.text() : null;
  }

  async function refresh() {
    // The page's filter (its address's query) narrows the live rows too.
    const rows = await fetchFragment('/board/rows' + location.search);
    if (rows === null) return;
    body.innerHTML = rows;
    empty.hidden = body.children.length > 0;
    tick();
  }

  async function refreshAlarms() {
    const panel = await fetchFragment('/board/alarms');
    if (panel === null) return;
    alarms.innerHTML = panel;
    sound();
  }

  function tick() {
    const now = Date.now();
    for (const el of document.querySelectorAll('.countdown')) {
      const left = Date.parse(el.dataset.limit) - now;
      const hours = Math.floor(Math.abs(left) / 3600000);
      const minutes = Math.floor((Math.abs(left) % 3600000) / 60000);
      const words = `${hours} h ${String(minutes).padStart(2, '0')} min`;
      const shown = el.parentElement.querySelector('.time-left');
      if (shown !== null) shown.textContent = left >= 0 ? `${words} left` : `limit passed ${words} ago`;
      el.classList.toggle('breached', left < 0);
    }
  }

  // Browsers only let a page make sound after someone has clicked on it: the first click anywhere turns it on.
  function sounding() {
    const table = document.getElementById('alarms');
    return table !== null && table.dataset.sounding === 'true';
  }

  function beep() {
    if (audio === null || audio.state !== 'running' || !sounding()) return;
    const tone = audio.createOscillator();
    const gain = audio.createGain();
    tone.frequency.value = 880;
    gain.gain.value = 0.2;
    tone.connect(gain).connect(audio.destination);
    tone.start();
    tone.stop(audio.currentTime + 0.4);
  }

  function sound() {
    document.body.dataset.alarm = sounding() ? 'sounding' : 'quiet';
  }

  document.addEventListener('click', () => {
    if (audio === null && window.AudioContext) audio = new AudioContext();
    if (audio !== null && audio.state === 'suspended') audio.resume();
  });

  const connection = new signalR.HubConnectionBuilder().withUrl('/hubs/board').withAutomaticReconnect().build();
  connection.on('entryChanged', refresh);
  connection.on('alarmsChanged', refreshAlarms);
  // A board that has stopped updating must say so: a coordinator would otherwise trust a picture that is going stale.
  function live(isLive) {
    document.body.dataset.live = isLive ? 'true' : 'false';
    lost.hidden = isLive;
  }

  // Every (re)connection fetches the rows and alarms again: what changed while the feed was not yet listening was told to no one.
  async function connect() {
    try {
      await connection.start();
      live(true);
      refresh();
      refreshAlarms();
    } catch {
      live(false);
      setTimeout(connect, 5000);
    }
  }

  connection.onreconnecting(() => live(false));
  connection.onreconnected(() => { live(true); refresh(); refreshAlarms(); });
  // The automatic retries gave up: keep trying every few seconds for as long as the page is open.
  connection.onclose(() => { live(false); setTimeout(connect, 5000); });
  connect();
  setInterval(tick, 1000);
  setInterval(beep, 3000);
  tick();
  sound();
})();
