// Placeholder: the real connector is being written.
export class VinteoConnector {}
