/**
 * The inspector's page (issue 10). Everything it shows comes from the documented API; payload
 * text is only ever rendered as text nodes (Preact sets textContent; no markup is built from strings).
 */
import { render } from 'preact';
import { followEvents } from './api/liveEvents.js';
import { App } from './components/App.js';
import { arrived, reload } from './state/deliveryList.js';
import { listenToKeys } from './state/keys.js';
import { live, loadMeta, meta } from './state/store.js';
import './styles/index.css';

void loadMeta();
listenToKeys();
followEvents({
  delivery: arrived,
  rejected: (r) => {
    if (meta.value) meta.value = { ...meta.value, rejected: r.rejected };
  },
  reset: () => {
    void loadMeta();
    void reload();
  },
  state: (s) => (live.value = s),
});
render(<App />, document.getElementById('app') as HTMLElement);
