import { contribute } from '../../app/contributions';
import { AuditArea } from './AuditArea';

/** The audit trail. */
contribute({ areas: [{ id: 'audit', label: 'Audit', order: 80, Screen: AuditArea }] });
