// The local page where a developer sees every execution, where it waits, and its history.
import type { ExecutionRecord } from './execution-store.ts';

const html = (text: unknown) =>
  String(text ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const time = (ms: number | undefined) => (ms === undefined ? '' : new Date(ms).toISOString());

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${html(title)}</title>
<style>body{font:14px system-ui,sans-serif;margin:2rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}pre{margin:0;white-space:pre-wrap;max-width:60rem}</style>
</head><body><h1>${html(title)}</h1>${body}</body></html>`;
}

function waitingFor(record: ExecutionRecord): string {
  const pending = record.pending;
  if (record.status !== 'RUNNING' || !pending) return '';
  if (pending.kind === 'wait') return `wake-up at ${time(pending.wakeAtMs)}`;
  return `task token${pending.timeoutAtMs ? `, times out at ${time(pending.timeoutAtMs)}` : ''}`;
}

export function executionsPage(
  machines: { stateMachineArn: string; name: string; executions: ExecutionRecord[] }[],
): string {
  const sections = machines.map(({ stateMachineArn, name, executions }) => {
    const rows = executions
      .map(
        (
          e,
        ) => `<tr><td><a href="/?execution=${encodeURIComponent(e.executionArn)}">${html(e.name)}</a></td>
<td>${html(e.status)}</td><td>${html(e.currentState)}</td><td>${html(waitingFor(e))}</td>
<td>${time(e.startMs)}</td><td>${time(e.stopMs)}</td></tr>`,
      )
      .join('');
    return `<h2>${html(name)}</h2><p><code>${html(stateMachineArn)}</code></p>
<table><tr><th>execution</th><th>status</th><th>state</th><th>waiting for</th><th>started</th><th>stopped</th></tr>${rows}</table>`;
  });
  return page(
    'Fengqiao workflows (local)',
    `${sections.join('')}<p>JSON: <a href="/executions.json">/executions.json</a></p>`,
  );
}

export function historyPage(
  execution: { name: string; status: string; executionArn: string },
  events: { id: number; timestamp: number; type: string; [details: string]: unknown }[],
): string {
  const rows = events
    .map(({ id, timestamp, type, previousEventId: _p, ...details }) => {
      const detail = Object.values(details)[0];
      return `<tr><td>${id}</td><td>${new Date(timestamp * 1000).toISOString()}</td><td>${html(type)}</td><td><pre>${html(detail ? JSON.stringify(detail, null, 1) : '')}</pre></td></tr>`;
    })
    .join('');
  return page(
    `${execution.name}: ${execution.status}`,
    `<p><a href="/">all executions</a> · <code>${html(execution.executionArn)}</code></p><table><tr><th>#</th><th>time</th><th>event</th><th>details</th></tr>${rows}</table>`,
  );
}
