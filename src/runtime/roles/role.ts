/**
 * What the composition root holds for each part it runs. compose.ts builds every role first (so
 * roles can hand each other routes and workers), then starts them in order and stops them in
 * reverse order.
 */
export interface RunningRole {
  readonly name: string;
  start(): Promise<void>;
  stop?(): Promise<void>;
}
