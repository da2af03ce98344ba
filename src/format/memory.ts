import { fixed } from './specifiers';

/** Every element is a 32-bit float, the exams' convention for activation memory. */
export const BYTES_PER_ELEMENT = 4;
/** A kilobyte is 1024 bytes, as in the exams: a 64×56×56 activation is 784 KB. */
export const BYTES_PER_KB = 1024;

/** The memory an activation of this many elements takes: elements × 4 bytes. */
export const activationBytes = (elements: number): number => elements * BYTES_PER_ELEMENT;

/** Bytes in kilobytes: 802816 → 784. */
export const kilobytes = (bytes: number): number => bytes / BYTES_PER_KB;

/** Memory for the inspector, to four decimals at most: 784 KB, 1,387.8555 KB; under a kilobyte, in bytes: 12 B. */
export const formatMemory = (bytes: number): string => (bytes < BYTES_PER_KB ? `${bytes} B` : `${fixed(kilobytes(bytes), 4, true)} KB`);
