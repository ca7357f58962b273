/**
 * Renderer entry. Loaded as an external module script (the CSP forbids inline scripts); styles are
 * bundled into a stylesheet, ag-grid's theme injects its own <style> (allowed by the CSP).
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import './styles/app.css';

const container = document.getElementById('root');
if (!container) throw new Error('Scrivania: #root missing from index.html');

createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
