// The request settings a Responses API answer repeats back (OpenAI's `response` object
// carries them), and the shape of that object as Switchyard writes it.
import type { TextFormatInput } from "./schema";

export type FunctionToolEcho = {
  type: "function";
  name: string;
  description: string | null;
  parameters: Record<string, unknown> | null;
  strict: boolean | null;
};

export type ResponseEcho = {
  instructions: string | null;
  max_output_tokens: number | null;
  metadata: Record<string, string>;
  parallel_tool_calls: boolean;
  temperature: number | null;
  top_p: number | null;
  text: { format: TextFormatInput };
  tool_choice: unknown;
  tools: FunctionToolEcho[];
  user: string | null;
};

export type OutputText = { type: "output_text"; text: string; annotations: []; logprobs: [] };

export type MessageItem = {
  id: string;
  type: "message";
  status: ItemStatus;
  role: "assistant";
  content: OutputText[];
};

export type FunctionCallItem = {
  id: string;
  type: "function_call";
  status: ItemStatus;
  call_id: string;
  name: string;
  arguments: string;
};

export type ItemStatus = "in_progress" | "completed" | "incomplete";
export type OutputItem = MessageItem | FunctionCallItem;

export type ResponseUsage = {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
};

export type ResponseStatus = "in_progress" | "completed" | "incomplete" | "failed";

export type ResponseObject = {
  id: string;
  object: "response";
  created_at: number;
  status: ResponseStatus;
  background: false;
  error: { code: string; message: string } | null;
  incomplete_details: { reason: "max_output_tokens" | "content_filter" } | null;
  model: string;
  output: OutputItem[];
  previous_response_id: null;
  reasoning: { effort: null; summary: null };
  service_tier: "default";
  /** Nothing is stored, whatever the request said. */
  store: false;
  truncation: "disabled";
  usage: ResponseUsage | null;
} & ResponseEcho;
