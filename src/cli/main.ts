// Placeholder: the alerts helper replaces this with the real dispatcher.
import { commands } from './commands/index';
void commands;
