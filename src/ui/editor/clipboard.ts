import { parseDocument, serializeDocument } from '../../graph/load';
import { FORMAT, VERSION, type GraphDocument } from '../../graph/schema';
import { addNodes, remapFragment } from '../store/edits';
import type { Editor } from './Editor';

const plural = (n: number) => `${n} node${n === 1 ? '' : 's'}`;

/**
 * Copy, paste and duplicate. The system clipboard is used where the browser allows it; our own
 * copy stands in where it does not. Pasting the same text again offsets it further each time.
 */
export class Clipboard {
  private copied: string | null = null;
  private lastPasted: { text: string; times: number } | null = null;

  constructor(private readonly editor: Editor) {}

  /** Forgets what was copied and pasted (a reset). */
  clear(): void {
    this.copied = null;
    this.lastPasted = null;
  }

  copy(): void {
    const fragment = this.selectionFragment();
    if (!fragment) {
      this.editor.notify('Select one or more nodes to copy.');
      return;
    }
    const text = serializeDocument(fragment);
    this.copied = text;
    this.lastPasted = null;
    navigator.clipboard?.writeText(text).catch(() => undefined);
    this.editor.notify(`Copied ${plural(fragment.nodes.length)}.`);
  }

  /** Pastes nodes from text (the system clipboard's or ours); a bad fragment changes nothing. */
  pasteText(text: string): boolean {
    const res = parseDocument(text);
    if (!res.ok) {
      this.editor.notify('Paste failed: the clipboard does not hold a Backprop Studio graph; nothing changed.', 'error', res.issues);
      return false;
    }
    const times = this.lastPasted?.text === text ? this.lastPasted.times + 1 : 1;
    this.lastPasted = { text, times };
    this.insert(res.doc, `Paste ${plural(res.doc.nodes.length)}`, times);
    return true;
  }

  async paste(): Promise<void> {
    const text = await this.read();
    if (text === null) this.editor.notify('Nothing to paste: copy some nodes first.');
    else this.pasteText(text);
  }

  duplicate(): void {
    const fragment = this.selectionFragment();
    if (!fragment) this.editor.notify('Select one or more nodes to duplicate.');
    else this.insert(fragment, `Duplicate ${plural(fragment.nodes.length)}`, 1);
  }

  /** Reads the system clipboard when the browser allows it (briefly), else our own copy. */
  private async read(): Promise<string | null> {
    const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), 400));
    const read = navigator.clipboard?.readText().catch(() => null) ?? Promise.resolve(null);
    const text = await Promise.race([read, timeout]);
    return text && text.trim() !== '' ? text : this.copied;
  }

  /** The selected nodes and the edges between them, as a document of their own. */
  private selectionFragment(): GraphDocument | null {
    const { present, selectedNodes } = this.editor.state.doc;
    if (selectedNodes.length === 0) return null;
    const ids = new Set(selectedNodes);
    return {
      format: FORMAT,
      version: VERSION,
      nodes: present.nodes.filter((n) => ids.has(n.id)),
      edges: present.edges.filter((e) => ids.has(e.source) && ids.has(e.target)),
    };
  }

  private insert(fragment: GraphDocument, label: string, times: number): void {
    const { nodes, edges } = remapFragment(this.editor.state.doc.present, fragment, { x: 40 * times, y: 40 * times });
    this.editor.commit(label, addNodes(nodes, edges), { select: nodes.map((n) => n.id) });
  }
}
