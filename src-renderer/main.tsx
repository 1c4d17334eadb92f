import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './ui/styles/theme.css';
import './ui/styles/base.css';
import './ui/styles/shell.css';
import './ui/styles/components.css';
import './ui/styles/table.css';
import './ui/styles/features.css';
import './ui/styles/blocks.css';
import './areas';
import { installTheme } from './app/theme';
import { installGlobalHotkeys } from './app/hotkeys';
import { App } from './app/App';

installTheme();
installGlobalHotkeys();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
