/**
 * A payload as a collapsible tree, numbers as written and keys in the order sent. Nodes carry
 * their path in `diff`'s syntax (`record.trades[1]`), the syntax of findings and of the diff, so a
 * finding or a change lights up its node, and the nodes above it open.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { nodeText, scalarText, type JsonNode } from '../json/jsonNodes.js';
import { childPath, within } from '../json/treePaths.js';

/** Paths to mark, each with a class (`error`, `warning`, `changed`...). */
export type Marks = Map<string, string>;

interface TreeProps {
  root: JsonNode;
  marks: Marks;
  /** The path to scroll to (a clicked finding). */
  focus: string | null;
  /** Levels open from the start. */
  depth?: number;
}

const PAGE = 200;

export function JsonTree({ root, marks, focus, depth = 2 }: TreeProps) {
  return (
    <div class="tree" role="tree">
      <TreeNode name={null} node={root} path="" level={0} ctx={{ marks, focus, depth }} last />
    </div>
  );
}

interface Ctx {
  marks: Marks;
  focus: string | null;
  depth: number;
}

function marksBelow(marks: Marks, path: string): boolean {
  for (const p of marks.keys()) if (p !== path && within(path, p)) return true;
  return false;
}

interface NodeProps {
  name: string | number | null;
  node: JsonNode;
  path: string;
  level: number;
  ctx: Ctx;
  last: boolean;
}

function TreeNode({ name, node, path, level, ctx, last }: NodeProps) {
  const container = node.t === 'object' || node.t === 'array';
  const [open, setOpen] = useState(() => container && (level < ctx.depth || marksBelow(ctx.marks, path)));
  const [shown, setShown] = useState(PAGE);
  const line = useRef<HTMLDivElement>(null);
  const focused = ctx.focus !== null && ctx.focus === path;

  useEffect(() => {
    if (container && ctx.focus !== null && ctx.focus !== path && within(path, ctx.focus)) setOpen(true);
    if (focused) line.current?.scrollIntoView({ block: 'center' });
  }, [ctx.focus]);

  const mark = ctx.marks.get(path);
  const cls = ['tree-line', mark && `mark-${mark}`, focused && 'focus'].filter(Boolean).join(' ');
  const label = name === null ? null : typeof name === 'number' ? <span class="j-index">{name}</span> : <span class="j-key">{JSON.stringify(name)}</span>;
  const comma = last ? '' : ',';
  const pad = { paddingLeft: `${level * 16 + 18}px` };

  if (!container) {
    return (
      <div class={cls} style={pad} data-path={path} ref={line} role="treeitem">
        {label}
        {label && <span class="j-punct">: </span>}
        <span class={`j-${node.t}`}>{scalarText(node)}</span>
        {comma}
      </div>
    );
  }
  const children: [string | number, JsonNode][] = node.t === 'object' ? node.entries : node.items.map((v, i) => [i, v]);
  const [openBr, closeBr] = node.t === 'object' ? ['{', '}'] : ['[', ']'];
  const summary = node.t === 'object' ? `${children.length} ${children.length === 1 ? 'key' : 'keys'}` : `${children.length} ${children.length === 1 ? 'item' : 'items'}`;
  return (
    <div role="treeitem" aria-expanded={open}>
      <div class={`${cls} branch`} style={pad} data-path={path} ref={line} onClick={() => setOpen(!open)}>
        <span class="twisty">{children.length ? (open ? '▾' : '▸') : ''}</span>
        {label}
        {label && <span class="j-punct">: </span>}
        {openBr}
        {!open && (
          <>
            <span class="j-summary">{children.length ? ` ${summary} ` : ''}</span>
            {closeBr}
            {comma}
            {children.length > 0 && <span class="j-preview">{nodeText(node, 80)}</span>}
          </>
        )}
      </div>
      {open &&
        children.slice(0, shown).map(([k, v], i) => (
          <TreeNode key={i} name={k} node={v} path={childPath(path, k)} level={level + 1} ctx={ctx} last={i === children.length - 1} />
        ))}
      {open && children.length > shown && (
        <button class="tree-more" style={{ marginLeft: `${(level + 1) * 16 + 18}px` }} onClick={() => setShown(shown + PAGE * 5)}>
          show {Math.min(PAGE * 5, children.length - shown)} more of {children.length - shown}
        </button>
      )}
      {open && (
        <div class="tree-line" style={pad}>
          {closeBr}
          {comma}
        </div>
      )}
    </div>
  );
}
