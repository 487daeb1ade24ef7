// The audit trail's print layout: the button opens the browser's print dialogue (where "Save as PDF" is).
document.getElementById('print')?.addEventListener('click', () => window.print());
