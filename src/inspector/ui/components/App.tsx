import { route, helpOpen } from '../state/store.js';
import { DeliveryList } from './DeliveryList.js';
import { DetailPane } from './Detail.js';
import { FilterBar } from './FilterBar.js';
import { HelpOverlay } from './HelpOverlay.js';
import { SelectionReplay, selectionOpen } from './SelectionReplay.js';
import { TopBar } from './TopBar.js';

export function App() {
  const open = route.value.open;
  return (
    <div class={`app${open !== null ? ' with-detail' : ''}`}>
      <TopBar />
      <FilterBar />
      <main>
        <DeliveryList />
        {open !== null && <DetailPane key={open} seq={open} />}
      </main>
      {helpOpen.value && <HelpOverlay />}
      {selectionOpen.value && <SelectionReplay />}
    </div>
  );
}
