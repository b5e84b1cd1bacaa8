/** Starts the app: reads config.json, then renders. */
import 'stream-chat-react/dist/css/index.css';
import './styles.css';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { loadConfig } from './config';
import { createServices, ServicesContext } from './context';

const root = createRoot(document.getElementById('root') as HTMLElement);
loadConfig().then(
  (config) =>
    root.render(
      <ServicesContext value={createServices(config)}>
        <App />
      </ServicesContext>,
    ),
  (err: Error) => root.render(<p className="error">{err.message}</p>),
);
