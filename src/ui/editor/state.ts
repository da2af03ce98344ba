import type { GraphDocument } from '../../graph/schema';
import { initialResults, type ResultsState } from '../eval/results-store';
import { initialPrecision, type PrecisionState } from '../eval/precision-state';
import { initialExact, type ExactState } from '../exam/exact-store';
import { initialExamSheet, type ExamSheetState } from '../exam/exam-state';
import { initialExplain, type ExplainState } from '../explain/store';
import { initialLibrary, type LibraryState } from '../library/library-state';
import { initialPlayback, type PlaybackState } from '../playback/store';
import { initialTrainPlay, type TrainPlayState } from '../playback/train-state';
import { initialTraceStream, type TraceStreamState } from '../playback/stream-state';
import { initialTraining, type TrainingState } from '../plots/training';
import { initialShare, type ShareState } from '../share/share-state';
import { initialRuns, type RunsState } from '../training/runs-state';
import { initialSaliency, type SaliencyState } from '../training/saliency-state';
import { initialTrainer, type TrainerState } from '../training/trainer-state';
import { initialLandscape, type LandscapeState } from '../landscape/landscape-state';
import { initialForward, type ForwardState } from '../forward/store';
import { initialTangentStream, type TangentStreamState } from '../forward/tangent-stream';
import { initialNotation, type NotationState } from '../notation/store';
import { initialLayout, type LayoutState } from '../layout/layout-store';
import { initialMakeFunction, type MakeFunctionState } from '../functions/make-state';
import { initialClassroom, type ClassroomState } from '../classroom/classroom-state';
import { initialDocument, type DocumentState } from './document';
import { initialUi, type UiState } from './ui';

/**
 * Everything the editor knows, one slice per concern; each slice's shape and start value live
 * with the code that owns it. Only `doc.present` is the document; the rest is view state.
 */
export interface EditorState {
  readonly doc: DocumentState;
  readonly ui: UiState;
  readonly results: ResultsState;
  /** Fast float32 mode: asked for or not, and the last evaluation's report. */
  readonly precision: PrecisionState;
  readonly playback: PlaybackState;
  /** Training steps in the playback bar. */
  readonly trainPlay: TrainPlayState;
  /** The step trace the worker streams while it evaluates a graph too large to trace here. */
  readonly traceStream: TraceStreamState;
  readonly explain: ExplainState;
  readonly exact: ExactState;
  readonly exam: ExamSheetState;
  readonly training: TrainingState;
  /** The optimizer form and the finished runs overlaid on the loss chart. */
  readonly runs: RunsState;
  /** Training in the worker: progress, loss curves, the held-out confusion matrix. */
  readonly trainer: TrainerState;
  /** The digit under the saliency lens and the gradient ascent towards a class. */
  readonly saliency: SaliencyState;
  /** The loss landscape: the two parameters on its axes, the range shown, the step its runs are drawn to. */
  readonly landscape: LandscapeState;
  /** Forward mode: its target, step-through and the tangents on the edges. */
  readonly forward: ForwardState;
  /** Forward mode's steps, streamed by the worker for a graph it evaluates. */
  readonly tangentStream: TangentStreamState;
  readonly notation: NotationState;
  /** Narrow screens: the open drawer or menu, and the shortcuts sheet. */
  readonly layout: LayoutState;
  readonly library: LibraryState;
  readonly share: ShareState;
  /** The "Make function" dialog. */
  readonly makeFunction: MakeFunctionState;
  /** A live class session: the instructor's or a student's. */
  readonly classroom: ClassroomState;
}

export const initialState = (doc: GraphDocument, opened: number): EditorState => ({
  doc: initialDocument(doc, opened),
  ui: initialUi(),
  results: initialResults(),
  precision: initialPrecision(),
  playback: initialPlayback(),
  trainPlay: initialTrainPlay(),
  traceStream: initialTraceStream(),
  explain: initialExplain(),
  exact: initialExact(),
  exam: initialExamSheet(),
  training: initialTraining(),
  runs: initialRuns(),
  trainer: initialTrainer(),
  saliency: initialSaliency(),
  landscape: initialLandscape(),
  forward: initialForward(),
  tangentStream: initialTangentStream(),
  notation: initialNotation(),
  layout: initialLayout(),
  library: initialLibrary(),
  share: initialShare(),
  makeFunction: initialMakeFunction(),
  classroom: initialClassroom(),
});
