// Live board: swap in fresh rows whenever the server says an entry changed; tick the countdowns every second.
(function () {
  const body = document.querySelector('#board tbody');
  const empty = document.getElementById('empty');

  async function refresh() {
    const response = await fetch('/board/rows', { headers: { 'Accept': 'text/html' } });
    // Signed out (the session ended): reload, which takes the coordinator to sign in and back here.
    if (response.redirected) { location.reload(); return; }
    if (!response.ok) return;
    body.innerHTML = await response.text();
    empty.hidden = body.children.length > 0;
    tick();
  }

  function tick() {
    const now = Date.now();
    for (const el of document.querySelectorAll('.countdown')) {
      const left = Date.parse(el.dataset.limit) - now;
      const hours = Math.floor(Math.abs(left) / 3600000);
      const minutes = Math.floor((Math.abs(left) % 3600000) / 60000);
      el.title = left >= 0 ? `${hours} h ${minutes} min left` : `limit passed ${hours} h ${minutes} min ago`;
      el.classList.toggle('breached', left < 0);
    }
  }

  const connection = new signalR.HubConnectionBuilder().withUrl('/hubs/board').withAutomaticReconnect().build();
  connection.on('entryChanged', refresh);
  connection.onreconnected(refresh);
  connection.start().then(() => document.body.dataset.live = 'true');
  setInterval(tick, 1000);
  tick();
})();
