import { COMMANDS } from '../commands';
import { editor } from '../editor';
import { ariaKeys } from '../keyboard';
import { PlaybackIcon, type PlaybackIconName } from './icons';

const KEY_NAMES: Record<string, string> = { Space: 'Space', ArrowRight: '→', ArrowLeft: '←', Home: 'Home' };

/** A transport button, with the shortcut of its command from the command list. */
export function Transport({
  command,
  icon,
  label,
  onClick,
  disabled,
}: {
  command: string;
  icon: PlaybackIconName;
  label: string;
  onClick: () => void;
  disabled?: boolean;
}) {
  const keys = COMMANDS.find((c) => c.id === command)?.keys ?? [];
  return (
    <button
      type="button"
      className="tool playback__tool"
      aria-label={label}
      title={keys.length ? `${label} (${keys.map((k) => KEY_NAMES[k] ?? k).join(' or ')})` : label}
      aria-keyshortcuts={keys.map(ariaKeys).join(' ') || undefined}
      onClick={onClick}
      disabled={disabled}
    >
      <PlaybackIcon name={icon} />
    </button>
  );
}

/** The four transport buttons every mode shares; what they do is the playback controller's choice by mode. */
export function TransportGroup({ playing, playLabel = 'Play' }: { playing: boolean; playLabel?: string }) {
  return (
    <div className="playback__group" role="group" aria-label="Steps">
      <Transport command="playback-reset" icon="reset" label="Reset" onClick={() => editor.playback.rewind()} />
      <Transport command="step-back" icon="stepBack" label="Step back" onClick={() => editor.playback.stepBack()} />
      {playing ? (
        <Transport command="play" icon="pause" label="Pause" onClick={() => editor.playback.togglePlay()} />
      ) : (
        <Transport command="play" icon="play" label={playLabel} onClick={() => editor.playback.togglePlay()} />
      )}
      <Transport command="step-forward" icon="stepForward" label="Step forward" onClick={() => editor.playback.stepForward()} />
    </div>
  );
}
