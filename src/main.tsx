import '@xyflow/react/dist/style.css';
import './ui/styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App';
import { registerOffline } from './ui/pwa';
import { startEditor } from './ui/startup';

// The editor is drawn once its document is read from the library (a few milliseconds).
registerOffline();
void startEditor().finally(() => {
  const root = document.getElementById('root');
  if (root)
    createRoot(root).render(
      <StrictMode>
        <App />
      </StrictMode>,
    );
});
