// One notifier over two channels: SMS and e-mail may each go a different way (city config).
import type { Notifier } from '../notifier.port.ts';

export function byChannel(channels: { sms: Notifier; email: Notifier }): Notifier {
  return { send: (message) => channels[message.channel].send(message) };
}
