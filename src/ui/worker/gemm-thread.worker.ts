import { threadLoop, type ThreadInit } from '../../ops/tensor/wasm/threads';

/** A helper thread of the evaluation worker's matrix products (see threads.ts): it lives in threadLoop. */
self.onmessage = (e: MessageEvent<ThreadInit>) => threadLoop(e.data);
