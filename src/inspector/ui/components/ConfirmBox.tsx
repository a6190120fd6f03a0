/** The page's yes for a replay to another machine: the server's words, then send or cancel. */
export function ConfirmBox({ message, yes, onYes, onNo }: { message: string; yes: string; onYes: () => void; onNo: () => void }) {
  return (
    <div class="confirm" role="alertdialog" aria-label="Confirm replay">
      <p>{message}</p>
      <button class="danger" onClick={onYes}>
        {yes}
      </button>
      <button onClick={onNo}>Cancel</button>
    </div>
  );
}
