import { COMMANDS, type Command, type CommandContext } from '../commands';
import { ariaKeys, keyLabel } from '../keyboard';
import { Icon } from '../icons';
import { useEditorState } from '../editor';

function CommandButton({ cmd, ctx }: { cmd: Command; ctx: CommandContext }) {
  const enabled = useEditorState((s) => cmd.enabled?.(s) ?? true);
  const dark = useEditorState((s) => s.ui.theme === 'dark');
  const keys = cmd.keys?.map(keyLabel).join(' or ');
  return (
    <button
      type="button"
      className="tool"
      aria-label={cmd.label}
      title={keys ? `${cmd.label} (${keys})` : cmd.label}
      aria-keyshortcuts={cmd.keys?.map(ariaKeys).join(' ')}
      aria-pressed={cmd.id === 'theme' ? dark : undefined}
      disabled={!enabled}
      onClick={() => cmd.run(ctx)}
    >
      {cmd.icon && <Icon name={cmd.icon} />}
      {cmd.short && <span className="tool__text">{cmd.short}</span>}
    </button>
  );
}

const GROUPS = [
  { group: 'file', label: 'File' },
  { group: 'edit', label: 'Edit' },
  { group: 'view', label: 'View' },
] as const;

/** The toolbar: the commands that have a group, read from the one command list. */
export function Toolbar({ ctx }: { ctx: CommandContext }) {
  return (
    <div className="toolbar" role="toolbar" aria-label="Editor commands">
      {GROUPS.map(({ group, label }) => (
        <div key={group} className="toolbar__group" role="group" aria-label={label}>
          {COMMANDS.filter((c) => c.group === group).map((c) => (
            <CommandButton key={c.id} cmd={c} ctx={ctx} />
          ))}
        </div>
      ))}
    </div>
  );
}
