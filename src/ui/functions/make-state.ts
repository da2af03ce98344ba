/**
 * The "Make function" dialog: open or not, the name typed so far, and the nodes it will replace
 * (the selection when it opened, so a click elsewhere on the canvas does not change what it makes).
 */
export interface MakeFunctionState {
  readonly open: boolean;
  readonly name: string;
  readonly nodes: readonly string[];
}

export const initialMakeFunction = (): MakeFunctionState => ({ open: false, name: '', nodes: [] });
