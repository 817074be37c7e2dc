import { SegmentedControl, Stack, Text } from '@mantine/core';

interface SegmentedFieldProps<V extends string> {
  label: string;
  hint?: string;
  value: V;
  options: readonly { value: V; label: string }[];
  onChange: (value: V) => void;
}

/** A labelled choice between a few options, laid out like Mantine's own inputs. */
export function SegmentedField<V extends string>(props: SegmentedFieldProps<V>) {
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500}>
        {props.label}
      </Text>
      <SegmentedControl
        value={props.value}
        onChange={(value) => {
          const option = props.options.find((candidate) => candidate.value === value);
          if (option) props.onChange(option.value);
        }}
        data={[...props.options]}
      />
      {props.hint && (
        <Text size="xs" c="dimmed">
          {props.hint}
        </Text>
      )}
    </Stack>
  );
}
