import { useEditorState } from '../editor';

/** The session's scoreboard (nicknames only), when the instructor shows it; the same list on both sides. */
export function Scoreboard() {
  const board = useEditorState((s) => s.classroom.scoreboard);
  if (!board || board.length === 0) return null;
  return (
    <ol className="class-board" aria-label="Scoreboard">
      {board.map((l) => (
        <li key={l.nickname}>
          {l.nickname}: {l.correct}
        </li>
      ))}
    </ol>
  );
}
