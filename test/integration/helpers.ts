export { errorOf } from '../harness/errorOf';
export { shown } from '../harness/leaks';
