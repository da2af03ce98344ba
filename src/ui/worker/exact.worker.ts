import { answerExact, type ExactRequest } from '../exam/exact-forms';

/** Works out exact forms off the main thread: mathjs loads here, and a large graph never blocks typing. */
self.onmessage = async (e: MessageEvent<ExactRequest>) => {
  self.postMessage(await answerExact(e.data));
};
