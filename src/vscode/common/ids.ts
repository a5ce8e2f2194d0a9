/** Every id the VS Code layer uses: commands, views, context keys and tree-item context values. */
export const Commands = {
  refreshAlerts: 'oncall.alerts.refresh',
  filterAlerts: 'oncall.alerts.filter',
  clearFilter: 'oncall.alerts.clearFilter',
  groupBy: 'oncall.alerts.groupBy',
  silence: 'oncall.alerts.silence',
  acknowledge: 'oncall.alerts.acknowledge',
  expireSilence: 'oncall.silences.expire',
  refreshSilences: 'oncall.silences.refresh',
  openRunbook: 'oncall.alerts.openRunbook',
  openInPrometheus: 'oncall.alerts.openInPrometheus',
  copyLabels: 'oncall.alerts.copyLabels',
  showDetails: 'oncall.alerts.showDetails',
  focusAlerts: 'oncall.alerts.focus',
  setCredentials: 'oncall.credentials.set',
  showLog: 'oncall.showLog',
  editParameters: 'oncall.runbook.editParameters',
  openAsRunbook: 'oncall.runbook.openAsRunbook',
  checkRunbook: 'oncall.runbook.check',
  createPostmortem: 'oncall.postmortem.create',
  findPromptChanges: 'oncall.prompts.findChanges',
  revertPromptChanges: 'oncall.prompts.revert',
  selectKubeContext: 'oncall.kubernetes.selectContext',
  unlockKubeContext: 'oncall.kubernetes.unlock',
  lockKubeContext: 'oncall.kubernetes.lock',
  revertLastChange: 'oncall.kubernetes.revertLastChange',
  runbookAcknowledge: 'oncall.runbook.acknowledgeAlert',
  runbookSilence: 'oncall.runbook.silenceAlert',
  runbookFindPromptChanges: 'oncall.runbook.findPromptChanges',
  runbookCreatePostmortem: 'oncall.runbook.createPostmortem',
} as const;

export const Views = {
  container: 'oncall',
  alerts: 'oncall.alerts',
  silences: 'oncall.silences',
} as const;

export const ContextKeys = {
  alertsLoading: 'oncall:alertsLoading',
  alertsFiltered: 'oncall:alertsFiltered',
  /** The state of the alert the active runbook was opened from ('gone' once Alertmanager forgot it); unset otherwise. */
  runbookAlertState: 'oncall:runbookAlertState',
} as const;

/** contextValue prefixes that menus match with `viewItem =~ /^oncall:alert/`. */
export const ItemContext = {
  alert: (state: string) => `oncall:alert:${/^[a-z]+$/.test(state) ? state : 'other'}`,
  group: 'oncall:group',
  sourceError: 'oncall:sourceError',
  silence: (state: string) => `oncall:silence:${/^[a-z]+$/.test(state) ? state : 'other'}`,
  ack: 'oncall:silence:ack',
  info: 'oncall:info',
} as const;
