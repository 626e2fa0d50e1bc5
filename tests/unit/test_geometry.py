"""Unit tests of the vectorised geometry core and the DB post-processor."""

from __future__ import annotations

import math

import cv2
import numpy as np
import pytest

from airocr.engine.detect import DetectorConfig, db_boxes
from airocr.engine.geometry import (
    compose_affine,
    crop_quad,
    invert_affine,
    order_quad,
    reading_order,
    roll_quads,
    rotate_image,
    rotated_rect_corners,
    transform_points,
)


def test_rotated_rect_corners_axis_aligned():
    q = rotated_rect_corners([50], [20], [40], [10], [0.0])[0]
    assert np.allclose(q, [[30, 15], [70, 15], [70, 25], [30, 25]])


def test_rotated_rect_corners_quarter_turn():
    q = rotated_rect_corners([0], [0], [4], [2], [math.pi / 2])[0]
    # width now runs down the image: tl is at (+1, -2)
    assert np.allclose(q[0], [1, -2]) and np.allclose(q[1], [1, 2])


def test_order_quad_from_any_permutation():
    pts = np.array([[10, 10], [90, 12], [88, 40], [8, 38]], dtype=float)
    for perm in ([2, 0, 3, 1], [3, 2, 1, 0], [1, 3, 0, 2]):
        assert np.allclose(order_quad(pts[perm]), pts)


@pytest.mark.parametrize("angle", [90, 180, 270, 17, -33.5])
def test_rotate_image_matrix_tracks_pixels(angle):
    img = np.full((60, 100, 3), 255, np.uint8)
    img[20:24, 70:74] = 0  # a dark dot centred at (71.5, 21.5)
    rotated, m = rotate_image(img, angle)
    ys, xs = np.nonzero(rotated[:, :, 0] < 128)
    found = np.array([xs.mean(), ys.mean()])
    expected = transform_points(np.array([71.5, 21.5]), m)
    assert np.linalg.norm(found - expected) < 1.5
    back = transform_points(expected, invert_affine(m))
    assert np.allclose(back, [71.5, 21.5], atol=1e-6)


def test_compose_affine_equals_sequential_application():
    a = cv2.getRotationMatrix2D((10, 20), 30, 1.0)
    b = np.array([[1, 0, 5], [0, 1, -7]], dtype=float)
    pts = np.array([[1.0, 2.0], [30.0, -4.0]])
    assert np.allclose(transform_points(pts, compose_affine(b, a)), transform_points(transform_points(pts, a), b))


def test_roll_quads_turns_reading_direction():
    q = np.array([[[0, 0], [10, 0], [10, 2], [0, 2]]], dtype=float)
    assert np.allclose(roll_quads(q, 2)[0], [[10, 2], [0, 2], [0, 0], [10, 0]])


def test_reading_order_lines_then_columns():
    def box(x, y, w=50, h=10):
        return [[x, y], [x + w, y], [x + w, y + h], [x, y + h]]

    # two lines; the right word of line 1 sits 3 px lower than the left one
    quads = np.array([box(200, 103), box(10, 40), box(10, 100), box(200, 42), box(100, 160)], dtype=float)
    assert reading_order(quads).tolist() == [1, 3, 2, 0, 4]


def test_reading_order_empty():
    assert reading_order(np.zeros((0, 4, 2))).size == 0


def test_crop_quad_is_upright_and_sized():
    img = np.zeros((100, 200, 3), np.uint8)
    img[40:60, 50:150] = 255
    crop = crop_quad(img, np.array([[50, 40], [150, 40], [150, 60], [50, 60]], dtype=float))
    assert crop.shape[:2] == (20, 100) and crop.mean() > 200


@pytest.mark.parametrize("angle", [0.0, 12.0, -25.0, 60.0])
def test_db_boxes_recovers_rotated_rectangles(angle):
    prob = np.zeros((300, 400), np.float32)
    rect = ((200.0, 150.0), (160.0, 24.0), angle)
    cv2.fillPoly(prob, [cv2.boxPoints(rect).astype(np.int32)], 0.95)
    cv2.fillPoly(prob, [cv2.boxPoints(((60.0, 40.0), (40.0, 12.0), angle)).astype(np.int32)], 0.9)
    dets = db_boxes(prob, 1.0, 1.0, DetectorConfig(unclip_ratio=0.0, dilate=False), 400, 300)
    assert len(dets) == 2
    big = int(np.argmax([np.prod(np.ptp(q, axis=0)) for q in dets.quads]))
    assert abs(((dets.angles[big] - angle) + 90) % 180 - 90) < 2.0
    centre = dets.quads[big].mean(axis=0)
    assert np.linalg.norm(centre - [200.5, 150.5]) < 2.0
    sides = sorted(np.linalg.norm(np.diff(np.vstack([dets.quads[big], dets.quads[big][:1]]), axis=0), axis=1))
    assert abs(sides[-1] - 160) < 4 and abs(sides[0] - 24) < 4


def test_db_boxes_keeps_a_line_whose_box_is_mostly_empty_but_not_a_blob():
    # a Thai line at some detection scales: a sure text body with a mark reaching far above it, so its
    # box is twice the body's height and the box's mean probability falls under box_thresh
    prob = np.zeros((120, 300), np.float32)
    prob[40:52, 20:280] = 0.9  # the line
    prob[28:40, 100:106] = 0.9  # a tall mark
    prob[26:40, 200:204] = 0.9
    prob[80:100, 20:22] = 0.9  # a sure region as sparse in its box, but not line-shaped (an L)
    prob[98:100, 20:40] = 0.9
    cfg = DetectorConfig(dilate=False, unclip_ratio=0.0)
    dets = db_boxes(prob, 1.0, 1.0, cfg, 300, 120)
    assert len(dets) == 1 and dets.quads[0][:, 1].min() < 30
    strict = DetectorConfig(dilate=False, unclip_ratio=0.0, region_thresh=1.01)  # no rescue: dropped as before
    assert len(db_boxes(prob, 1.0, 1.0, strict, 300, 120)) == 0


def test_db_boxes_drops_weak_and_tiny_regions():
    prob = np.zeros((100, 100), np.float32)
    prob[10:30, 10:80] = 0.35  # above the pixel threshold, below the box threshold
    prob[50:51, 50:52] = 0.99  # too small
    dets = db_boxes(prob, 1.0, 1.0, DetectorConfig(dilate=False), 100, 100)
    assert len(dets) == 0


def test_db_boxes_unclip_grows_by_area_over_perimeter():
    prob = np.zeros((100, 200), np.float32)
    prob[40:60, 50:150] = 0.9
    dets = db_boxes(prob, 1.0, 1.0, DetectorConfig(unclip_ratio=1.5, dilate=False), 200, 100)
    w = np.linalg.norm(dets.quads[0][1] - dets.quads[0][0])
    h = np.linalg.norm(dets.quads[0][3] - dets.quads[0][0])
    d = 100 * 20 * 1.5 / (2 * 120)
    assert abs(w - (100 + 2 * d)) < 1.0 and abs(h - (20 + 2 * d)) < 1.0
