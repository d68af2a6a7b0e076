// What a function knows of its city at run time without carrying the city's config: variables its stack (or the local runtime) sets from that config.
import { NotificationsConfig, type VideoConfig } from './channels-schema.ts';

/** Set on every function by NodeFunction, and by the local runtime and the tests, from one config. */
export function cityEnvironment(city: {
  id: string;
  deploy: { notifications: NotificationsConfig; video: VideoConfig };
  runtime: { city: { name: string } };
}): { CITY: string; CITY_NAME: string; CITY_NOTIFICATIONS: string; CITY_VIDEO: string } {
  return {
    CITY: city.id,
    CITY_NAME: city.runtime.city.name,
    CITY_NOTIFICATIONS: JSON.stringify(city.deploy.notifications),
    // Where online sessions meet (videoRoomsFromEnvironment): the staff function signs Jitsi links.
    CITY_VIDEO: JSON.stringify(city.deploy.video),
  };
}

/** The city's name for messages (【吴忠市】…) and its notification channels; fails fast when unset or invalid. */
export function cityFromEnvironment(env: NodeJS.ProcessEnv): {
  cityName: string;
  notifications: NotificationsConfig;
} {
  const cityName = env.CITY_NAME;
  const notifications = env.CITY_NOTIFICATIONS;
  if (!cityName || !notifications) {
    throw new Error('CITY_NAME and CITY_NOTIFICATIONS are required (cityEnvironment sets them)');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(notifications);
  } catch {
    throw new Error('CITY_NOTIFICATIONS must be JSON');
  }
  const result = NotificationsConfig.safeParse(parsed);
  if (!result.success) throw new Error(`CITY_NOTIFICATIONS is invalid: ${result.error.message}`);
  return { cityName, notifications: result.data };
}
