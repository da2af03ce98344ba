import '@testing-library/jest-dom/vitest';
import { afterAll } from 'vitest';
import { removeTempDirs } from './tmp';

afterAll(removeTempDirs);
