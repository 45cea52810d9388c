/**
 * Masked names for reports read by people who may not see personal data (UU 27/2022): the
 * project's one masking function (`policy/Masking.ts`), under the name the reports module has
 * exported since 0.2.0.
 *
 * @since 0.2.0
 */
import { mask } from "../policy/Masking.js"

/**
 * Masks a display name word by word; punctuation and spaces are kept (`policy/Masking.mask`).
 *
 * @since 0.2.0
 * @category masking
 */
export const maskName: (name: string) => string = mask
