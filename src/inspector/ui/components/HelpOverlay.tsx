import { KEYS } from '../state/keys.js';
import { helpOpen } from '../state/store.js';

export function HelpOverlay() {
  return (
    <div class="overlay" onClick={() => (helpOpen.value = false)}>
      <div class="dialog help" role="dialog" aria-label="Keyboard shortcuts">
        <h2>Keyboard</h2>
        <table>
          <tbody>
            {KEYS.map(([k, what]) => (
              <tr key={k}>
                <th>
                  {k.split('  ').map((x) => (
                    <kbd key={x}>{x}</kbd>
                  ))}
                </th>
                <td>{what}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p class="muted">The filters, the open delivery and its tab are in the address: the back button and a copied link work.</p>
      </div>
    </div>
  );
}
