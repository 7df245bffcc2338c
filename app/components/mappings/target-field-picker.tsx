import { Autocomplete, TextField } from "@shopify/polaris";
import { useMemo } from "react";
import { describeFieldType, type FieldOption } from "../../services/admin/field-options";

interface Props {
  label: string;
  object: string;
  value: string;
  onChange(value: string): void;
  /** The org's fields of `object`; undefined when no describe is cached (free text only). */
  fields: FieldOption[] | undefined;
  error?: string;
}

/**
 * Picks a Salesforce field from the org's describe (type, length and "required" shown), and still accepts
 * any typed API name, so a field created after the last setup check can be mapped.
 */
export function TargetFieldPicker({ label, object, value, onChange, fields, error }: Props) {
  const match = fields?.find((field) => field.name.toLowerCase() === value.toLowerCase());
  const options = useMemo(() => {
    const needle = value.trim().toLowerCase();
    const shown = (fields ?? []).filter((field) => field.writable && (needle === "" || field.name.toLowerCase().includes(needle) || match !== undefined));
    return shown.slice(0, 60).map((field) => ({ value: field.name, label: `${field.name} · ${describeFieldType(field)}` }));
  }, [fields, value, match]);

  const missing = fields && value.trim() !== "" && !match ? `${object} has no field ${value} in your org's describe.` : undefined;
  const helpText = match ? describeFieldType(match) : fields ? undefined : "No describe cached: type the API name (run the setup check to pick from your org).";
  if (!fields) {
    return <TextField label={label} value={value} onChange={onChange} autoComplete="off" monospaced helpText={helpText} error={error} />;
  }
  return (
    <Autocomplete
      options={options}
      selected={match ? [match.name] : []}
      onSelect={(selected) => selected[0] !== undefined && onChange(selected[0])}
      textField={<Autocomplete.TextField label={label} value={value} onChange={onChange} autoComplete="off" monospaced helpText={helpText} error={error ?? missing} />}
    />
  );
}
