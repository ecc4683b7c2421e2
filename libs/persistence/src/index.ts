export * from './data-source';
export * from './db';
export * from './repositories/case.repository';
export * from './repositories/thread.repository';
export * from './repositories/message.repository';
export * from './repositories/event.repository';
export * from './repositories/audit.repository';
export * from './repositories/read-marker.repository';
