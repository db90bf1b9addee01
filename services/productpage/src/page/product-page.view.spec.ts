import type { BackendResult } from '../backends/backend-result';
import { PAGE_PRODUCT } from '../products/catalog';
import { detailsView, productPageView, reviewsView, starsView } from './product-page.view';

const ok = (body: Record<string, unknown>): BackendResult => ({ ok: true, status: 200, body });
const failed = (error: string): BackendResult => ({ ok: false, status: 503, body: { error } });

describe('product page view', () => {
  describe('starsView', () => {
    it.each([
      [5, 5, 0],
      [4, 4, 1],
      [0, 0, 5],
      [3.6, 4, 1],
      [-2, 0, 5],
      [12, 5, 0],
    ])('%d stars: %d filled, %d outline', (stars, filled, outline) => {
      const view = starsView(stars, 'black');
      expect(view.count).toBe(filled);
      expect(view.filled).toHaveLength(filled);
      expect(view.outline).toHaveLength(outline);
    });

    it('lists the star indexes the template loops over', () => {
      expect(starsView(3, 'black')).toMatchObject({ filled: [0, 1, 2], outline: [0, 1] });
    });

    it('takes the colour class from the rating, black when missing or odd', () => {
      expect(starsView(5, 'black').colorClass).toBe('text-black-500');
      expect(starsView(5, 'red').colorClass).toBe('text-red-500');
      expect(starsView(5, undefined).colorClass).toBe('text-black-500');
      expect(starsView(5, 'red" onclick="x').colorClass).toBe('text-black-500');
    });
  });

  it('picks the five details columns', () => {
    expect(
      detailsView(ok({ 'ISBN-10': '1234567890', publisher: 'PublisherA', pages: 200, type: 'paperback', language: 'English', author: 'W' })),
    ).toEqual({ ok: true, isbn10: '1234567890', publisher: 'PublisherA', pages: '200', type: 'paperback', language: 'English' });
    expect(detailsView(ok({}))).toEqual({ ok: true, isbn10: '', publisher: '', pages: '', type: '', language: '' });
    expect(detailsView(failed('no details'))).toEqual({ ok: false, error: 'no details' });
  });

  it('turns each review into stars, a rating error, or nothing (v1)', () => {
    const view = reviewsView(
      ok({
        podname: 'reviews-v2-1',
        clustername: 'null',
        reviews: [
          { reviewer: 'A', text: 'a', rating: { stars: 5, color: 'black' } },
          { reviewer: 'B', text: 'b', rating: { error: 'Ratings service is currently unavailable' } },
          { reviewer: 'C', text: 'c' },
          { reviewer: 'D', text: 'd', rating: { stars: 'five' } },
          'not a review',
        ],
      }),
    );
    expect(view.ok).toBe(true);
    if (!view.ok) return;
    expect(view.podname).toBe('reviews-v2-1');
    expect(view.clustername).toBeUndefined();
    expect(view.items).toHaveLength(4);
    expect(view.items[0].stars?.count).toBe(5);
    expect(view.items[1]).toEqual({ reviewer: 'B', text: 'b', ratingError: 'Ratings service is currently unavailable' });
    expect(view.items[2]).toEqual({ reviewer: 'C', text: 'c' });
    expect(view.items[3]).toEqual({ reviewer: 'D', text: 'd' });
  });

  it('shows the cluster name unless reviews says "null"', () => {
    const view = reviewsView(ok({ podname: 'p', clustername: 'east', reviews: [] }));
    expect(view.ok && view.clustername).toBe('east');
  });

  it('carries the user and the failures', () => {
    const view = productPageView(PAGE_PRODUCT, failed('d'), failed('r'), 'jason');
    expect(view).toEqual({
      user: 'jason',
      product: PAGE_PRODUCT,
      details: { ok: false, error: 'd' },
      reviews: { ok: false, error: 'r' },
    });
  });
});
