import { loadExact } from '../../exact';
import { computeExactForms, type ExactReply, type ExactRequest } from '../exam/exact-forms';

/** Works out exact forms off the main thread: mathjs loads here, and a large graph never blocks typing. */
self.onmessage = async (e: MessageEvent<ExactRequest>) => {
  const { generation, doc } = e.data;
  let reply: ExactReply;
  try {
    reply = { generation, ok: true, forms: computeExactForms(await loadExact(), doc) };
  } catch (err) {
    reply = { generation, ok: false, message: (err as Error).message };
  }
  self.postMessage(reply);
};
